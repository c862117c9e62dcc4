swm_img_split.v
